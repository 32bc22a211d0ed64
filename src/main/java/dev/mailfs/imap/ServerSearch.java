package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * UID SEARCH in each folder searched: on Gmail (X-GM-EXT-1) X-GM-RAW in All Mail, elsewhere IMAP
 * SEARCH criteria in every selectable folder but the \Trash and \Junk ones; or in one mailbox alone.
 */
final class ServerSearch {
    // Under the facade's name, which is how the log has always shown these lines.
    private static final Logger LOG = Logger.getLogger(ImapMailSource.class.getName());

    private final ImapConnection connection;
    private final FolderSync folders;

    ServerSearch(ImapConnection connection, FolderSync folders) {
        this.connection = connection;
        this.folders = folders;
    }

    /** The hits in {@code mailbox}, or in every folder searched when there is none; a folder gone meanwhile is left out. */
    List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
        SearchCriteria criteria = connection.isGmail() ? SearchCriteria.gmail(query) : SearchCriteria.imap(query);
        List<String> searched = mailbox.map(List::of).orElseGet(this::foldersToSearch);
        LOG.fine(() -> "search '" + query + "': UID SEARCH " + criteria + " in " + searched);
        List<SearchHits> hits = new ArrayList<>();
        for (String folderName : searched) {
            try {
                hits.add(connection.withFolder(folderName, folder -> {
                    long uidValidity = folder.getUIDValidity();
                    long[] uids = (long[]) folder.doCommand(p -> {
                        p.noop(); // until told of them, a session's SEARCH misses messages added elsewhere
                        return UidCommands.search(p, criteria.argument());
                    });
                    return new SearchHits(folderName, uidValidity, Arrays.stream(uids).boxed().toList());
                }));
            } catch (MailfsException.NotFound gone) {
                LOG.fine(() -> "search '" + query + "': " + folderName + " is gone");
            }
        }
        return hits;
    }

    /** On Gmail the folder that holds every message (\All), elsewhere every folder that holds messages but Trash and Junk. */
    private List<String> foldersToSearch() {
        List<FolderInfo> all = folders.listFolders();
        Optional<String> allMail = FolderSync.allMail(all);
        if (connection.isGmail() && allMail.isPresent()) {
            return List.of(allMail.get());
        }
        return all.stream()
                .filter(f -> f.selectable() && !f.isTrash() && !f.isJunk())
                .map(FolderInfo::fullName)
                .toList();
    }
}
