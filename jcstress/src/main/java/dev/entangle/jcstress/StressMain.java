package dev.entangle.jcstress;

import dev.entangle.JvmFlags;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs jcstress with the library's JVM flags prepended to every JVM it forks: the records live in Agrona buffers,
 * which need them, and the manifest of the jar reaches only the JVM started with {@code java -jar}.
 */
public final class StressMain
{
    private StressMain()
    {
    }

    /**
     * @param args jcstress's own options, for instance {@code -m quick} or {@code -t OwnershipRecord}.
     * @throws Exception whatever jcstress throws.
     */
    public static void main(final String[] args) throws Exception
    {
        final List<String> all = new ArrayList<>();
        all.add("-jvmArgsPrepend");
        all.add(JvmFlags.commandLine());
        all.addAll(List.of(args));
        org.openjdk.jcstress.Main.main(all.toArray(new String[0]));
    }
}
