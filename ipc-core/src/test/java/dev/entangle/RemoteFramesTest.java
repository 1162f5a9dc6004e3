package dev.entangle;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote's frames and its exceptions as plain data, and the log of replies a lost frame is matched against.
 */
class RemoteFramesTest
{
    @Test
    void anExceptionBecomesPlainDataAndComesBackWithEverythingButItsClass()
    {
        final IOException root = new IOException("disk full");
        final IllegalStateException error = new IllegalStateException("broken", root);
        error.addSuppressed(new ArithmeticException("also"));
        final Object[] data = RemoteFrames.encodeError(error);
        assertOnlyPlainData(data);

        final RemoteException back = RemoteFrames.decodeError(data);
        assertEquals(IllegalStateException.class.getName(), back.remoteClassName());
        assertEquals("broken", back.getMessage());
        assertArrayEquals(error.getStackTrace(), back.getStackTrace());
        final RemoteException cause = assertInstanceOf(RemoteException.class, back.getCause());
        assertEquals(IOException.class.getName(), cause.remoteClassName());
        assertEquals("disk full", cause.getMessage());
        assertArrayEquals(root.getStackTrace(), cause.getStackTrace());
        assertNull(cause.getCause());
        assertEquals(1, back.getSuppressed().length);
        assertEquals(ArithmeticException.class.getName(), ((RemoteException)back.getSuppressed()[0]).remoteClassName());
    }

    private static void assertOnlyPlainData(final Object value)
    {
        if (value instanceof Object[] array)
        {
            for (final Object element : array)
            {
                assertOnlyPlainData(element);
            }
            return;
        }
        assertTrue(value == null || value instanceof String || value instanceof Integer,
            () -> "not plain data: " + value.getClass());
    }

    @Test
    void aRelayedRemoteExceptionKeepsTheNameOfTheClassItStandsFor()
    {
        final RemoteException relayed = RemoteFrames.decodeError(RemoteFrames.encodeError(
            RemoteFrames.decodeError(RemoteFrames.encodeError(new UnsupportedOperationException("far")))));
        assertEquals(UnsupportedOperationException.class.getName(), relayed.remoteClassName());
        assertEquals("far", relayed.getMessage());
    }

    @Test
    void aCauseCycleAndAVeryLongChainAreCutInsteadOfOverflowing()
    {
        final IllegalStateException a = new IllegalStateException("a");
        final IllegalArgumentException b = new IllegalArgumentException("b", a);
        a.initCause(b);
        final RemoteException cycle = RemoteFrames.decodeError(RemoteFrames.encodeError(a));
        assertEquals("a", cycle.getMessage());
        assertEquals("b", cycle.getCause().getMessage());
        assertNull(cycle.getCause().getCause());

        Throwable chain = new RuntimeException("0");
        for (int i = 1; i < 10_000; i++)
        {
            chain = new RuntimeException(Integer.toString(i), chain);
        }
        int depth = 0;
        for (Throwable t = RemoteFrames.decodeError(RemoteFrames.encodeError(chain)); t != null; t = t.getCause())
        {
            depth++;
        }
        assertTrue(depth > 1 && depth < 100, "depth " + depth);
    }

    @Test
    void errorDataOfAnUnknownShapeBecomesARemoteExceptionThatSaysSo()
    {
        final RemoteException odd = RemoteFrames.decodeError(List.of("not", "an", "error"));
        assertTrue(odd.getMessage().contains("unknown form"), odd.getMessage());
        assertEquals(RemoteException.class.getName(), odd.remoteClassName());
    }

    @Test
    void onlyWellFormedFramesAreTakenForFrames()
    {
        final Object[] call = { RemoteFrames.CALL, 1L, 0L, "get(java.lang.String)", "key" };
        assertSame(call, RemoteFrames.asFrame(call));
        final Object[] reply = { RemoteFrames.REPLY, 2L, 1L, 1L, null };
        assertSame(reply, RemoteFrames.asFrame(reply));
        assertNull(RemoteFrames.asFrame(new Object[]{ RemoteFrames.REPLY, 2L, 1L, 1L }));
        assertNull(RemoteFrames.asFrame(new Object[]{ RemoteFrames.CALL, 1L, 0L, 5L }));
        assertNull(RemoteFrames.asFrame(new Object[]{ 1, 1L, 0L, "get()" }));
        assertNull(RemoteFrames.asFrame(List.of(RemoteFrames.CALL, 1L, 0L, "get()")));
        assertNull(RemoteFrames.asFrame("a message"));
    }

    @Test
    void theReplyLogAnswersWhichCallALostReplyAnsweredUntilItIsAcknowledged()
    {
        final RemoteSentLog log = new RemoteSentLog();
        for (long seq = 1; seq <= 100; seq++)
        {
            log.add(seq, 1000 + seq);
        }
        assertEquals(1050, log.callAnsweredBy(50));
        log.acknowledge(60);
        assertEquals(RemoteSentLog.UNKNOWN, log.callAnsweredBy(50));
        assertEquals(1061, log.callAnsweredBy(61));
        assertEquals(40, log.size());
        for (long seq = 101; seq <= 300; seq++)
        {
            log.add(seq, 1000 + seq);
        }
        assertEquals(1300, log.callAnsweredBy(300));
        assertEquals(1061, log.callAnsweredBy(61));
        log.acknowledge(300);
        assertEquals(0, log.size());
    }
}
