package dev.entangle.bench;

import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sliced run: contestants in JVMs of their own take turns, each records its own round trips, a paused echo
 * peer stops spinning yet still answers, and nothing is left behind. Speed is not looked at here.
 */
@Timeout(180)
class SlicedRunIT
{
    private static final Path SHM = Path.of("/dev/shm");

    @TempDir
    Path dir;

    private Set<Path> benchFoldersBefore;

    @BeforeEach
    void noteBenchFolders() throws IOException
    {
        benchFoldersBefore = benchFolders();
    }

    @AfterEach
    void nothingIsLeft() throws IOException
    {
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            "a child JVM outlived its test");
        final Set<Path> left = benchFolders();
        left.removeAll(benchFoldersBefore);
        assertEquals(Set.of(), left, "folders a sliced run left behind");
    }

    @Test
    void everyContestantOfAGroupIsMeasuredInOneRunPerFork() throws Exception
    {
        final List<Row> rows = SlicedRow.group(Rows.SLICED, 64, Transports.ENTANGLE_SPIN, Transports.AGRONA,
            Rows.COPY_FLOOR);
        final Path log = dir.resolve("log");

        final Measurement spin = rows.get(0).measure(HarnessSmokeIT.SMOKE, 1, dir, log);
        final Measurement agrona = rows.get(1).measure(HarnessSmokeIT.SMOKE, 1, dir, log);
        final Measurement floor = rows.get(2).measure(HarnessSmokeIT.SMOKE, 1, dir, log);
        for (final Measurement measured : List.of(spin, agrona, floor))
        {
            assertEquals(1, measured.fork());
            assertTrue(measured.samples() > 100, "round trips recorded: " + measured);
            assertTrue(measured.p50Ns() > 0 && measured.p99Ns() >= measured.p50Ns(), measured.toString());
        }
        // The group ran once for fork 1: asking again gives the same figures, not a new run.
        assertSame(spin, rows.get(0).measure(HarnessSmokeIT.SMOKE, 1, dir, log));
        assertNotSame(spin, rows.get(0).measure(HarnessSmokeIT.SMOKE, 2, dir, log));

        final String written = Files.readString(log);
        assertTrue(written.contains("sliced run of 64 B, fork 1") && written.contains("sliced run of 64 B, fork 2"),
            written);
    }

    /** Aeron's echo loop does not pause, so it would spin through every other contestant's turn: refused. */
    @Test
    void aContestantThatCannotTakeTurnsFailsEveryRowOfItsFork() throws Exception
    {
        final List<Row> rows = SlicedRow.group(Rows.SLICED, 64, Transports.AGRONA, Transports.AERON);
        final Path log = dir.resolve("log");
        final Exception first = assertThrows(IllegalStateException.class,
            () -> rows.get(0).measure(HarnessSmokeIT.SMOKE, 1, dir, log));
        final Exception second = assertThrows(IllegalStateException.class,
            () -> rows.get(1).measure(HarnessSmokeIT.SMOKE, 1, dir, log));
        assertTrue(first.getMessage().contains(Transports.AERON), first.getMessage());
        assertTrue(Files.readString(log).contains("aeron-ipc cannot take turns"), Files.readString(log));
        assertSame(first.getCause(), second.getCause());
    }

    /**
     * While paused, the echo peer's loop parks instead of spinning, so the process is nearly idle; it still answers,
     * and spins again once resumed.
     */
    @Test
    void aPausedEchoPeerStopsSpinningAndStillAnswers() throws Exception
    {
        for (final String transport : List.of(Transports.ENTANGLE_SPIN, Transports.CHRONICLE, Transports.AGRONA))
        {
            final Path folder = Files.createDirectories(dir.resolve(transport));
            try (Link link = Transports.open(transport, folder, 64))
            {
                final byte[] message = new byte[64];
                link.roundTrip(message, message.length);
                final ProcessHandle echo = link.echo().handle();

                final Duration spinning = cpuOver(echo, Duration.ofSeconds(1));
                link.echo().pause();
                link.roundTrip(message, message.length);
                final Duration paused = cpuOver(echo, Duration.ofSeconds(1));
                link.echo().resume();
                link.roundTrip(message, message.length);

                assertTrue(paused.toMillis() < 400, transport + " used " + paused.toMillis() +
                    " ms of CPU in a second while paused (" + spinning.toMillis() + " ms spinning)");
            }
        }
    }

    private static Duration cpuOver(final ProcessHandle process, final Duration period) throws InterruptedException
    {
        final Duration before = process.info().totalCpuDuration().orElseThrow();
        Thread.sleep(period.toMillis());
        return process.info().totalCpuDuration().orElseThrow().minus(before);
    }

    private static Set<Path> benchFolders() throws IOException
    {
        if (!Files.isDirectory(SHM))
        {
            return new java.util.HashSet<>();
        }
        try (Stream<Path> entries = Files.list(SHM))
        {
            return entries.filter(p -> p.getFileName().toString().startsWith("entangle-bench-"))
                .collect(Collectors.toSet());
        }
    }
}
