package dev.mailfs.mail;

import java.util.List;

/** What a search found in one folder: the UIDs of the matching messages, under the folder's UIDVALIDITY. */
public record SearchHits(String folder, long uidValidity, List<Long> uids) {
    public SearchHits {
        uids = List.copyOf(uids);
    }
}
