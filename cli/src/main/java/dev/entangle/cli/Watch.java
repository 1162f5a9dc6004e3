package dev.entangle.cli;

import java.io.PrintWriter;

/**
 * The {@code --watch} loop: run, wait, run again, until interrupted. On a terminal each sample replaces the last.
 */
final class Watch
{
    private Watch()
    {
    }

    /**
     * A sample that may fail the command.
     */
    @FunctionalInterface
    interface Sample
    {
        /**
         * @param first true for the first sample.
         * @return the exit code, if the loop is to end now; null to go on.
         */
        Integer take(boolean first);
    }

    /**
     * @param seconds how long to wait between samples; 0 or less for one sample.
     * @param out     where the samples go.
     * @param clear   true to clear the screen before each sample (a terminal, text output).
     * @param sample  takes and prints one sample.
     * @return the exit code.
     */
    static int run(final double seconds, final PrintWriter out, final boolean clear, final Sample sample)
    {
        if (seconds <= 0)
        {
            final Integer code = sample.take(true);
            return code == null ? 0 : code;
        }
        boolean first = true;
        while (!Thread.currentThread().isInterrupted())
        {
            if (clear)
            {
                out.print("\033[H\033[2J");
            }
            final Integer code = sample.take(first);
            out.flush();
            if (code != null)
            {
                return code;
            }
            first = false;
            try
            {
                Thread.sleep(Math.max(1, (long)(seconds * 1000)));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    /**
     * @param json true when the output is JSON.
     * @return true when samples should replace each other on the screen.
     */
    static boolean clearsScreen(final boolean json)
    {
        return !json && System.console() != null;
    }
}
