package dev.mailfs.imap;

import dev.mailfs.mail.OneCopyEach;

/**
 * The From and To fields of one listing, each different text parsed once and shown by one string
 * ({@link OneCopyEach}): a folder of 300,000 messages neither parses 600,000 address fields nor
 * keeps 600,000 copies of a few hundred.
 */
final class ListedAddresses {
    private final OneCopyEach fromShown = new OneCopyEach();
    private final OneCopyEach toShown = new OneCopyEach();

    String from(HeaderFields fields) {
        return fromShown.of(fields.field("from"), HeaderFields::shownFrom);
    }

    String to(HeaderFields fields) {
        return toShown.of(fields.field("to"), HeaderFields::shownTo);
    }
}
