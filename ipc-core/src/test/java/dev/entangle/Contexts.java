package dev.entangle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;

/**
 * The contexts one test opens in its own directory, all closed when the test ends however it ends.
 */
final class Contexts implements AutoCloseable
{
    private final Path dir;
    private final List<Context> opened = new ArrayList<>();
    /** Exceptions passed to the error handler of any context opened here. */
    final LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    Contexts(final Path dir)
    {
        this.dir = dir;
    }

    Context open(final String name)
    {
        return open(name, UnaryOperator.identity());
    }

    Context open(final String name, final UnaryOperator<Context.Builder> options)
    {
        final Context context = options.apply(Context.builder().directory(dir).name(name).errorHandler(errors::add))
            .open();
        opened.add(context);
        return context;
    }

    @Override
    public void close()
    {
        for (int i = opened.size() - 1; i >= 0; i--)
        {
            opened.get(i).close();
        }
    }
}
