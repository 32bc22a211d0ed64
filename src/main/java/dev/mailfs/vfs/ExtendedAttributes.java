package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import java.util.Map;
import java.util.Optional;

/**
 * getxattr, listxattr and setxattr by path. Only a message has attributes ({@link MessageNode}
 * shows and sets them); a file being copied in takes its flags from cp --preserve=xattr.
 */
final class ExtendedAttributes {
    private final PathResolver paths;
    private final IncomingFiles incoming;

    ExtendedAttributes(PathResolver paths, IncomingFiles incoming) {
        this.paths = paths;
        this.incoming = incoming;
    }

    Map<String, byte[]> all(String path) {
        return incoming.isBeingCopiedIn(path) ? Map.of() : paths.resolve(path).extendedAttributes();
    }

    /**
     * Only user.* attributes exist here. Saying so for security.selinux and the POSIX ACL names (rather
     * than "no such attribute") lets ls -l stop asking after the first file instead of costing a
     * trip into the daemon for every file it lists.
     */
    byte[] get(String path, String name) {
        if (!name.startsWith(MessageAttributes.NAMESPACE)) {
            throw new MailfsException.Unsupported(name);
        }
        byte[] value = all(path).get(name);
        if (value == null) {
            throw new MailfsException.NoAttribute(name + " of " + path);
        }
        return value;
    }

    void set(String path, String name, byte[] value) {
        Optional<IncomingMessage> copying = incoming.at(path);
        if (copying.isPresent()) {
            if (name.equals(MessageAttributes.FLAGS)) {
                copying.get().setFlags(MessageAttributes.parseFlags(value));
            }
            return; // cp --preserve=xattr copies them all; only the flags mean something here
        }
        paths.resolve(path).setExtendedAttribute(name, value);
    }
}
