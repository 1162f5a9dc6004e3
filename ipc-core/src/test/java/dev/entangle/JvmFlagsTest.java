package dev.entangle;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM flags are declared once, in the parent POM: what the code reads at run time must be what the POM gives
 * the JVMs it starts, on this Java version, and this JVM, started by the POM, must pass the library's own check.
 */
class JvmFlagsTest
{
    /** The flags the POM gave this test JVM, passed by the build as a system property. */
    private static List<String> pomFlags()
    {
        final String flags = System.getProperty("pom.jvm.flags");
        assertNotNull(flags, "the build passes the POM's flags as system property pom.jvm.flags");
        return Arrays.stream(flags.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).collect(Collectors.toList());
    }

    @Test
    void requiredIsWhatThePomGivesAJvmOfThisJavaVersion()
    {
        assertEquals(pomFlags(), JvmFlags.required());
    }

    @Test
    void theResourceWasFilledInByTheBuild()
    {
        final List<String> required = JvmFlags.required();
        assertFalse(required.isEmpty());
        for (final String flag : required)
        {
            assertTrue(flag.startsWith("-") && !flag.contains("${"), "not a filled-in flag: " + flag);
        }
        assertTrue(required.contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"),
            "Agrona's own flag is missing: " + required);
    }

    @Test
    void theLibraryNeedsTheSameOneFlagOnEveryJavaVersion()
    {
        // Chronicle Queue, which needed more from Java 24 on, is a benchmark peer only: the library uses Agrona's
        // access to jdk.internal.misc.Unsafe, and nothing of sun.misc.Unsafe or native access.
        assertEquals(List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), JvmFlags.required());
    }

    @Test
    void thisJvmHasThemAllAndPassesTheCheck()
    {
        final List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (final String flag : JvmFlags.required())
        {
            assertTrue(arguments.contains(flag), flag + " is not among this JVM's arguments " + arguments);
        }
        assertDoesNotThrow(JvmFlags::check);
    }

    @Test
    void commandLineIsRequiredSeparatedBySpaces()
    {
        assertEquals(String.join(" ", JvmFlags.required()), JvmFlags.commandLine());
    }

    @Test
    void childJvmStartsWithJavaAndTheFlags()
    {
        final List<String> command = JvmFlags.childJvm();
        assertTrue(command.get(0).endsWith("java"), command.get(0));
        assertEquals(JvmFlags.required(), command.subList(1, 1 + JvmFlags.required().size()));
    }
}
