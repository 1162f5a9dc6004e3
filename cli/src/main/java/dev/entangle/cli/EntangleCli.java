package dev.entangle.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's command line: looks inside a shared directory, while its processes run and after they died,
 * without joining it. It creates no file there, takes no lock, consumes no message and moves no reader.
 */
@Command(name = "entangle", mixinStandardHelpOptions = true, versionProvider = EntangleCli.Version.class,
    description = "Looks inside an Entangle directory without joining it: contexts, channels, backlogs, messages, " +
        "errors, counters and settings.",
    subcommands = {
        InspectCommand.class,
        TailCommand.class,
        ErrorsCommand.class,
        CountersCommand.class,
        ConfigCommand.class,
        CommandLine.HelpCommand.class
    })
public final class EntangleCli implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs one command and exits with its code: 0 when it worked, 1 when the directory or what was asked for
     * cannot be read (missing, another user's, no such context), 2 for a usage error.
     *
     * @param args the command and its options.
     */
    public static void main(final String[] args)
    {
        final CommandLine commandLine = commandLine();
        final int exitCode = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(exitCode);
    }

    /**
     * @return the command line, ready to {@link CommandLine#execute(String...) execute}; its output and error
     * writers may be replaced first.
     */
    public static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new EntangleCli());
        commandLine.setExecutionExceptionHandler((ex, line, parseResult) ->
        {
            if (ex instanceof CliException failure)
            {
                line.getErr().println("entangle: " + failure.getMessage());
                line.getErr().flush();
                return failure.exitCode();
            }
            throw ex;
        });
        return commandLine;
    }

    /**
     * Without a command: the usage.
     */
    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The version, from the jar's manifest when there is one.
     */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = EntangleCli.class.getPackage().getImplementationVersion();
            return new String[]{ "entangle " + (version == null ? "(development build)" : version) };
        }
    }
}
