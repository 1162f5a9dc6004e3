package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code window(name).postMessage} between contexts (SEMANTICS.md H67-H74). H72's "navigation" is a context of the
 * same name reopened with another origin. Contexts in other JVMs: {@link CrossProcessIT}.
 */
@Timeout(120)
class WindowMessagingTest
{
    @TempDir
    Path dir;

    private Contexts contexts;
    private Context sender;
    private Context sameOrigin;
    private Context otherOrigin;
    private final Received atSame = new Received();
    private final Received atOther = new Received();

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        sender = contexts.open("sender", b -> b.origin("https://example.com"));
        sameOrigin = contexts.open("same", b -> b.origin("https://example.com:443"));
        otherOrigin = contexts.open("other", b -> b.origin("http://example.org:8080"));
        sameOrigin.onMessage(atSame);
        otherOrigin.onMessage(atOther);
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    @Test
    void originsAreNormalised()
    {
        assertEquals("https://example.com", sameOrigin.origin());
        assertEquals("http://example.org:8080", otherOrigin.origin());
        assertEquals("null", contexts.open("opaque").origin());
    }

    @Test
    void aStarTargetDeliversToAnyOrigin()
    {
        sender.window("other").postMessage("any", "*");
        assertEquals("any", atOther.nextData());
    }

    @Test
    void aSlashTargetMeansTheSendersOwnOriginAndSoDoesTheOneArgumentForm()
    {
        sender.window("other").postMessage("dropped", "/");
        sender.window("other").postMessage("dropped too");
        sender.window("same").postMessage("delivered", "/");
        sender.window("same").postMessage("one argument");
        assertEquals(List.of("delivered", "one argument"), atSame.nextData(2));
        assertTrue(atOther.staysEmpty());
    }

    @Test
    void aUrlTargetIsComparedByOriginAlone()
    {
        for (final String target : List.of("https://example.com", "https://example.com/", "https://example.com/path",
            "HTTPS://EXAMPLE.COM//x", "https://example.com:443/a?b#c"))
        {
            sender.window("same").postMessage(target, target);
        }
        assertEquals(5, atSame.nextData(5).size());
    }

    @Test
    void aMismatchIsDroppedSilentlyAndLaterMatchesStillArriveInOrder()
    {
        sender.window("other").postMessage(1, "http://example.org:8080");
        sender.window("other").postMessage(2, "http://example.org");
        sender.window("other").postMessage(3, "https://example.org:8080");
        sender.window("other").postMessage(4, "http://example.org:8080/");
        assertEquals(List.of(1, 4), atOther.nextData(2));
        assertTrue(atOther.staysEmpty());
    }

    @Test
    void anInvalidTargetOriginIsRefusedSynchronously()
    {
        for (final String bad : List.of("example.org", "http://foo bar", "InvalidOrigin", ""))
        {
            assertThrows(IllegalArgumentException.class, () -> sender.window("same").postMessage("x", bad), bad);
        }
        assertTrue(atSame.staysEmpty());
    }

    @Test
    void theEventCarriesTheSendersOriginAndASourceToReplyThrough()
    {
        final Received atSender = new Received();
        sender.onMessage(atSender);
        sameOrigin.onMessage(e -> e.source().postMessage("reply to " + e.data(), "*"));
        sender.window("same").postMessage("question", "*");
        final MessageEvent reply = atSender.next();
        assertEquals("reply to question", reply.data());
        assertEquals("https://example.com", reply.origin());
        assertEquals("same", reply.source().name());
        assertEquals("", reply.lastEventId());
        assertEquals(List.of(), reply.ports());

        sameOrigin.onMessage(atSame);
        contexts.open("opaque").window("same").postMessage("from an opaque origin", "*");
        assertEquals("null", atSame.next().origin());
    }

    @Test
    void theOriginIsCheckedAtDeliveryAgainstWhicheverContextHoldsTheName()
    {
        sender.window("later").postMessage("for example.com only", "https://example.com");
        sender.window("later").postMessage("for anyone", "*");
        final Received atLater = new Received();
        final Context later = contexts.open("later", b -> b.origin("https://elsewhere.example"));
        later.onMessage(atLater);
        assertEquals("for anyone", atLater.nextData());
        assertTrue(atLater.staysEmpty());
    }

    @Test
    void aPortSentToAWindowArrivesOwnedByIt()
    {
        final MessageChannel channel = new MessageChannel(sender);
        sender.window("other").postMessage("port", "*", List.of(channel.port2()));
        final MessageEvent event = atOther.next();
        assertEquals("https://example.com", event.origin());
        final Received atPort = new Received();
        event.ports().get(0).onMessage(atPort);
        channel.port1().postMessage("through the port");
        assertEquals("through the port", atPort.nextData());
    }
}
