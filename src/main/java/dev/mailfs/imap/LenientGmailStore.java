package dev.mailfs.imap;

import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.gimap.GmailStore;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.FetchItem;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.gimap.protocol.GmailProtocol;

/**
 * Angus's gimap store, but its connections read X-GM-LABELS with {@link GmailLabelList}: Angus
 * reads a list of atoms, and a label written bare as Google's documentation does
 * ({@code X-GM-LABELS (\Inbox Work)}) stops its atom at the backslash without moving on, so that it
 * adds empty labels until the heap is gone.
 */
public class LenientGmailStore extends GmailStore {
    /** A store of {@code protocol} ("gimap", or "gimaps" over TLS) of this session. */
    static IMAPStore of(Session session, String protocol) throws NoSuchProviderException {
        Class<?> store = protocol.equals("gimaps") ? Tls.class : LenientGmailStore.class;
        return (IMAPStore) session.getStore(new Provider(Provider.Type.STORE, protocol, store.getName(), "mailfs", null));
    }

    public LenientGmailStore(Session session, URLName url) {
        this(session, url, "gimap", false);
    }

    protected LenientGmailStore(Session session, URLName url, String name, boolean ssl) {
        super(session, url, name, ssl);
    }

    @Override
    protected IMAPProtocol newIMAPProtocol(String host, int port) throws IOException, ProtocolException {
        return new GmailProtocol(name, host, port, session.getProperties(), isSSL, logger) {
            @Override
            public FetchItem[] getFetchItems() {
                FetchItem[] items = super.getFetchItems().clone();
                for (int i = 0; i < items.length; i++) {
                    if (items[i].getName().equalsIgnoreCase(GmailLabelList.ITEM.getName())) {
                        items[i] = GmailLabelList.ITEM;
                    }
                }
                return items;
            }
        };
    }

    /** The same over TLS from the first byte. */
    public static final class Tls extends LenientGmailStore {
        public Tls(Session session, URLName url) {
            super(session, url, "gimaps", true);
        }
    }
}
