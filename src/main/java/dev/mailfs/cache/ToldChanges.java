package dev.mailfs.cache;

import dev.mailfs.mail.FolderWatcher;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the server told (IDLE) of the folders it watches since their listings were last brought up
 * to date, and which folders it watches now: a listing the server would have told about needs no
 * asking.
 */
final class ToldChanges implements FolderWatcher {
    static final int NONE = 0;
    static final int MESSAGES = 1;
    static final int FLAGS = 2;

    private static final class Told {
        volatile boolean watching;
        int changes;
    }

    private final Map<String, Told> folders = new ConcurrentHashMap<>();

    boolean isWatching(String folder) {
        Told told = folders.get(folder);
        return told != null && told.watching;
    }

    boolean anyTold(String folder) {
        Told told = folders.get(folder);
        if (told == null) {
            return false;
        }
        synchronized (told) {
            return told.changes != NONE;
        }
    }

    /** What was told (a sum of MESSAGES and FLAGS), forgotten: it is being acted on. */
    int take(String folder) {
        Told told = folders.get(folder);
        if (told == null) {
            return NONE;
        }
        synchronized (told) {
            int changes = told.changes;
            told.changes = NONE;
            return changes;
        }
    }

    /** Changes taken but not acted on (the server could not be asked), to be acted on next time. */
    void putBack(String folder, int changes) {
        add(folder, changes);
    }

    @Override
    public void watching(String folder) {
        add(folder, MESSAGES | FLAGS); // whatever happened while not watching
        told(folder).watching = true;
    }

    @Override
    public void changed(String folder, boolean flags) {
        add(folder, flags ? FLAGS : MESSAGES);
    }

    @Override
    public void notWatching(String folder) {
        told(folder).watching = false;
    }

    private void add(String folder, int changes) {
        Told told = told(folder);
        synchronized (told) {
            told.changes |= changes;
        }
    }

    private Told told(String folder) {
        return folders.computeIfAbsent(folder, unused -> new Told());
    }
}
