package dev.mailfs.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * One IMAP command whose FETCH answers are handed on one at a time as they arrive. Angus's
 * {@code Protocol.command} keeps every answer until the last: for a 100,000-message folder that
 * is gigabytes of parsed responses at once.
 */
final class StreamedCommand {
    private StreamedCommand() {
    }

    /**
     * Runs {@code command}, giving each FETCH answer to {@code each}; other answers (EXISTS,
     * EXPUNGE) reach Angus's handlers as usual.
     *
     * @return how many answers could not be parsed and were skipped
     * @throws ProtocolException when the server refuses the command or the connection is lost
     */
    static int run(IMAPProtocol protocol, String command, Consumer<FetchResponse> each) throws ProtocolException {
        synchronized (protocol) {
            String tag;
            try {
                tag = protocol.writeCommand(command, null);
            } catch (IOException e) {
                throw lost(protocol, e);
            }
            List<Response> others = new ArrayList<>();
            int unparsed = 0;
            while (true) {
                Response response;
                try {
                    response = protocol.readResponse();
                } catch (IOException e) {
                    throw lost(protocol, e);
                } catch (ProtocolException e) {
                    unparsed++; // the answer was read whole before it failed to parse: go on with the next
                    continue;
                }
                if (response instanceof FetchResponse fetch) {
                    each.accept(fetch);
                } else if (response.isTagged() && tag.equals(response.getTag())) {
                    others.add(response); // as Angus's own commands do: handlers hear the tagged answer too
                    protocol.notifyResponseHandlers(others.toArray(Response[]::new));
                    protocol.handleResult(response);
                    return unparsed;
                } else if (response.isBYE()) {
                    protocol.handleResult(response); // throws: the server is closing the connection
                } else {
                    others.add(response);
                }
            }
        }
    }

    /** What Angus does with a broken connection: disconnects and throws a ConnectionException. */
    private static ProtocolException lost(IMAPProtocol protocol, IOException cause) throws ProtocolException {
        protocol.handleResult(Response.byeResponse(cause));
        return new ProtocolException("connection lost", cause);
    }
}
