package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import java.util.Optional;

/**
 * A folder's directory, or the top of the mount: its subfolders, then each message as "X.eml" and
 * "X"; at the top, beside the folders, /.mailfs and /.search. Folders are made, renamed and
 * deleted on the server.
 */
final class FolderNode extends Node {
    private final FolderTree.Node folder;
    private final MountedAccount account;

    FolderNode(String path, FolderTree.Node folder, MountedAccount account) {
        super(path);
        this.folder = folder;
        this.account = account;
    }

    /** The mailbox to append to and move into; empty when this directory holds only folders. */
    Optional<String> mailbox() {
        return folder.mailbox();
    }

    @Override
    FileAttributes getattr() {
        return FileAttributes.directory(account.mountedAt());
    }

    @Override
    void list(EntrySink into) {
        for (String child : folder.children().keySet()) {
            if (!into.add(child, true, 0)) {
                return;
            }
        }
        if (folder.mailbox().isPresent() && !account.view(folder.mailbox().get()).listInto(into)) {
            return;
        }
        // This node's own folder: a folder list fetched again meanwhile makes another tree.
        if (folder.isRoot() && into.add(StatusFile.DIRECTORY, true, 0)) {
            into.add(SearchFolders.DIRECTORY, true, 0);
        }
    }

    /** rmdir: DELETE the folder, when it has no folders in it. */
    @Override
    void removeDirectory() {
        if (folder.isRoot()) {
            throw new MailfsException.NotPermitted("the top of the mount");
        }
        if (!folder.children().isEmpty()) {
            throw new MailfsException.NotEmpty(path + " has folders in it");
        }
        account.mail().deleteFolder(folder.serverName().get());
    }

    /** mv of a folder: RENAME, into another folder or the top. */
    @Override
    void renameTo(String to, PathResolver paths) {
        if (folder.isRoot()) {
            super.renameTo(to, paths); // the top of the mount: refused as everything that cannot move
            return;
        }
        FolderNode parent = paths.folderForChange(PathResolver.parentOf(to), "folders can only be moved into folders");
        if (paths.isTaken(to)) {
            throw new MailfsException.AlreadyExists(to);
        }
        account.mail().renameFolder(folder.serverName().get(), parent.serverNameOfChild(PathResolver.nameOf(to)));
    }

    @Override
    FolderNode asFolderForChange(String notAFolder) {
        return this;
    }

    /** mkdir: CREATE the folder {@code name} in this one. */
    void createFolder(String name) {
        account.mail().createFolder(serverNameOfChild(name));
    }

    /** The server's name for a new folder {@code name} in this one; at the top, under the user's prefix ("INBOX." on Cyrus). */
    private String serverNameOfChild(String name) {
        FolderTree tree = account.folderTree();
        char delimiter = tree.delimiter();
        String prefix = tree.personalPrefix();
        if (!prefix.isEmpty() && folder.serverName().map(p -> (p + delimiter).equals(prefix)).orElse(false)) {
            throw new MailfsException.NotPermitted("on this server the folders in " + folder.serverName().get()
                    + " show at the top of the mount: make " + name + " there (mkdir /" + name + ")");
        }
        if (name.startsWith(".") || name.indexOf(delimiter) >= 0 || !SafeNames.sanitize(name, "").equals(name)) {
            throw new MailfsException.InvalidArgument("folder name '" + name + "': no leading '.', no '" + delimiter
                    + "' (the server's hierarchy delimiter), no control characters");
        }
        return folder.serverName().map(p -> p + delimiter + name).orElse(prefix + name);
    }
}
