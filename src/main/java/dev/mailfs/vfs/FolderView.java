package dev.mailfs.vfs;

import dev.mailfs.imap.FolderListing;
import dev.mailfs.imap.MessageMeta;
import java.util.NavigableMap;

/** One listing of a folder with its messages' file names. */
record FolderView(FolderListing listing, NavigableMap<String, MessageMeta> byName) {
}
