package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs a search folder's query on the server and shows what it finds as the folders it is in do:
 * the same metadata (from their listings, which are cached), so the same file names.
 */
final class MessageSearch {
    private static final Logger LOG = Logger.getLogger(MessageSearch.class.getName());

    private final MailSource mail;
    private final MessageNames names;
    private final Supplier<FolderTree> folders;
    /** Whether messages flagged \\Deleted are shown (see {@link FolderView#visible}). */
    private final boolean showDeleted;

    MessageSearch(MailSource mail, MessageNames names, Supplier<FolderTree> folders, boolean showDeleted) {
        this.mail = mail;
        this.names = names;
        this.folders = folders;
        this.showDeleted = showDeleted;
    }

    /**
     * The server's name of the folder the query's in: names, if it has one.
     *
     * @throws MailfsException.InvalidArgument when no folder that holds messages has that path
     */
    Optional<String> mailboxOf(SearchQuery query) {
        if (query.folder().isEmpty()) {
            return Optional.empty();
        }
        String path = query.folder().get();
        return Optional.of(folders.get().find(List.of(path.split("/", -1))).flatMap(FolderTree.Node::mailbox)
                .orElseThrow(() -> new MailfsException.InvalidArgument("search '" + query + "': there is no folder " + path
                        + " that holds messages (write Work/Projects as in:Work" + SearchQuery.FOLDER_LEVELS + "Projects)")));
    }

    /**
     * The messages that match now, named as in their folders, under {@code key}.
     *
     * @throws MailfsException.InvalidArgument when the server refuses the query
     */
    FolderView run(String key, SearchQuery query) {
        Optional<String> mailbox = mailboxOf(query);
        List<SearchHits> hits;
        try {
            hits = mail.search(query, mailbox);
        } catch (MailfsException.ServerError refused) {
            throw new MailfsException.InvalidArgument("search '" + query + "': the server refused it (" + refused.getMessage() + ")");
        }
        List<MessageMeta> found = new ArrayList<>();
        Map<MessageMeta, MessageRef> refs = new IdentityHashMap<>();
        for (SearchHits folderHits : hits) {
            if (folderHits.uids().isEmpty()) {
                continue;
            }
            FolderListing listing;
            try {
                listing = mail.listMessages(folderHits.folder());
            } catch (MailfsException.NotFound gone) {
                continue;
            }
            if (listing.uidValidity() != folderHits.uidValidity()) {
                LOG.fine(() -> folderHits.folder() + " was renumbered during search '" + query + "'; its messages show at the next search");
                continue;
            }
            Set<Long> wanted = new HashSet<>(folderHits.uids());
            for (MessageMeta message : FolderView.visible(listing, showDeleted)) {
                if (wanted.contains(message.uid())) {
                    found.add(message);
                    refs.put(message, listing.refOf(message));
                }
            }
        }
        return FolderView.ofFound(key, names.nameAll(found), refs);
    }
}
