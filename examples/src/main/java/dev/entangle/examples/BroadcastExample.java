package dev.entangle.examples;

import dev.entangle.BroadcastChannel;
import dev.entangle.Context;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A room that processes join by name: {@code new BroadcastChannel(context, "room")} in each, and
 * {@code room.postMessage(...)} reaches every other one, written once whatever their number. Three members join and
 * announce themselves; at a roll call each hears every other; one leaves; one joins late and hears nothing said
 * before it came; at the second roll call the members present hear each other again.
 */
final class BroadcastExample
{
    private static final String MEMBER = "--member";
    private static final String ROOM = "room";
    private static final List<String> FIRST = List.of("ada", "bob", "cy");
    private static final String LEAVER = "bob";
    private static final String LATE = "dee";

    private BroadcastExample()
    {
    }

    static boolean run(final String[] args)
    {
        if (args.length == 3 && MEMBER.equals(args[0]))
        {
            return member(Path.of(args[1]), args[2]);
        }
        final Narrator say = new Narrator("host");
        final Path dir = Narrator.freshDirectory();
        final Map<String, Process> members = new HashMap<>();
        try (Context host = Context.builder().directory(dir).name("host").open();
            BroadcastChannel room = new BroadcastChannel(host, ROOM))
        {
            final BlockingQueue<Map<?, ?>> heard = new LinkedBlockingQueue<>();
            room.onMessage(event -> heard.add((Map<?, ?>)event.data()));
            say.say("new BroadcastChannel(context, \"%s\"): the host listens; %s join", ROOM, FIRST);
            FIRST.forEach(name -> members.put(name, Narrator.launch("broadcast", MEMBER, dir.toString(), name)));
            boolean ok = awaitEach(say, heard, "joined", FIRST, null);

            ok &= rollCall(say, room, heard, FIRST);

            say.say("%s, please leave", LEAVER);
            room.postMessage(Map.of("from", "host", "kind", "leave", "who", LEAVER));
            ok &= awaitEach(say, heard, "left", List.of(LEAVER), null);
            final int leaverExit = Narrator.awaitExit(members.remove(LEAVER));
            say.say("%s's process ended with exit code %d", LEAVER, leaverExit);
            ok &= leaverExit == 0;

            say.say("%s joins late", LATE);
            members.put(LATE, Narrator.launch("broadcast", MEMBER, dir.toString(), LATE));
            ok &= awaitEach(say, heard, "joined", List.of(LATE), null);
            final List<String> present = List.of("ada", "cy", LATE);
            ok &= rollCall(say, room, heard, present);

            say.say("goodbye, everyone");
            room.postMessage(Map.of("from", "host", "kind", "goodbye"));
            for (final String name : present)
            {
                final int exit = Narrator.awaitExit(members.remove(name));
                ok &= exit == 0;
            }
            say.say(ok ? "done: every member heard every other, the one who left was gone, the late one heard " +
                "nothing from before it came" : "FAILED");
            return ok;
        }
        finally
        {
            members.values().forEach(Process::destroyForcibly);
            Narrator.deleteDirectory(dir);
        }
    }

    /**
     * The host asks who is here; each member answers, hears the others' answers, and says whom it heard.
     */
    private static boolean rollCall(
        final Narrator say,
        final BroadcastChannel room,
        final BlockingQueue<Map<?, ?>> heard,
        final List<String> roster)
    {
        say.say("roll call: %s", roster);
        room.postMessage(Map.of("from", "host", "kind", "rollcall", "roster", roster));
        final Map<String, Map<?, ?>> reports = new HashMap<>();
        boolean ok = awaitEach(say, heard, "heard", roster, reports);
        for (final String name : roster)
        {
            final Set<String> others = new TreeSet<>(roster);
            others.remove(name);
            final Map<?, ?> report = reports.get(name);
            ok &= report != null && new ArrayList<>(others).equals(report.get("names"));
            if (LATE.equals(name))
            {
                // The late member's first message is this roll call: nothing said before it joined reached it.
                ok &= report != null && "rollcall".equals(report.get("first"));
            }
        }
        return ok;
    }

    /**
     * Waits until each name has sent a message of the kind, narrating what the host hears meanwhile.
     */
    private static boolean awaitEach(
        final Narrator say,
        final BlockingQueue<Map<?, ?>> heard,
        final String kind,
        final List<String> names,
        final Map<String, Map<?, ?>> found)
    {
        final Set<String> waiting = new TreeSet<>(names);
        while (!waiting.isEmpty())
        {
            final Map<?, ?> message = Narrator.next(heard);
            if (message == null)
            {
                say.say("nothing more was heard; still waiting for %s from %s", kind, waiting);
                return false;
            }
            say.say("heard %s: %s", message.get("from"), describe(message));
            if (kind.equals(message.get("kind")) && waiting.remove((String)message.get("from")) && found != null)
            {
                found.put((String)message.get("from"), message);
            }
        }
        return true;
    }

    private static String describe(final Map<?, ?> message)
    {
        return switch (String.valueOf(message.get("kind")))
        {
            case "joined" -> "joined the room";
            case "here" -> "is here";
            case "heard" -> "heard " + message.get("names") + " answer the roll call";
            case "left" -> "leaves the room";
            default -> String.valueOf(message);
        };
    }

    /**
     * A member, in its own process: joins the room, announces itself and follows the host's requests.
     */
    private static boolean member(final Path dir, final String name)
    {
        Narrator.exitWithParent();
        final Narrator say = new Narrator(name);
        try (Context context = Context.builder().directory(dir).name(name).open())
        {
            final BroadcastChannel room = new BroadcastChannel(context, ROOM);
            final BlockingQueue<Map<?, ?>> heard = new LinkedBlockingQueue<>();
            room.onMessage(event -> heard.add((Map<?, ?>)event.data()));
            say.say("joined \"%s\": postMessage(\"%s joined\")", ROOM, name);
            room.postMessage(Map.of("from", name, "kind", "joined"));
            String first = null;
            List<?> roster = null;
            final Set<String> answered = new TreeSet<>();
            while (true)
            {
                final Map<?, ?> message = Narrator.next(heard);
                if (message == null)
                {
                    return false;
                }
                final String from = (String)message.get("from");
                final String kind = (String)message.get("kind");
                first = first == null ? kind : first;
                switch (kind)
                {
                    case "joined" -> say.say("heard: %s joined", from);
                    case "rollcall" ->
                    {
                        roster = (List<?>)message.get("roster");
                        answered.clear();
                        say.say("roll call %s: answering \"%s is here\"", roster, name);
                        room.postMessage(Map.of("from", name, "kind", "here"));
                    }
                    case "here" -> answered.add(from);
                    case "heard" ->
                    {
                        // Another member's report to the host: heard, and nothing to do.
                    }
                    case "leave" ->
                    {
                        if (name.equals(message.get("who")))
                        {
                            say.say("leaving: postMessage(\"%s left\"), then close()", name);
                            room.postMessage(Map.of("from", name, "kind", "left"));
                            room.close();
                            return true;
                        }
                    }
                    case "left" -> say.say("heard: %s left", from);
                    case "goodbye" ->
                    {
                        say.say("goodbye");
                        room.close();
                        return true;
                    }
                    default -> say.say("heard something unexpected: %s", message);
                }
                if (roster != null && answered.size() == roster.size() - 1)
                {
                    final List<String> names = new ArrayList<>(answered);
                    say.say("heard everyone on the roll: %s (the first thing I heard: %s)", names, first);
                    room.postMessage(Map.of("from", name, "kind", "heard", "names", names, "first", first));
                    roster = null;
                }
            }
        }
    }
}
