package dev.antipop.dynamodb.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive use of a data directory: an OS file lock on {@code <dir>/engine.lock} (held until {@link #close}, released
 * by the OS when the process dies, even by {@code kill -9}), plus a JVM-wide set so a second server in the same JVM is
 * refused as well (file locks are per process).
 */
final class DataDirectoryLock implements AutoCloseable {

    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the directory (creating it when missing).
     *
     * @throws IllegalStateException "data directory X is in use by another process" (or "by another server in this
     *     process") when it is taken
     */
    static DataDirectoryLock acquire(Path dir) {
        Path directory;
        try {
            Files.createDirectories(dir);
            directory = dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        if (!HELD.add(directory)) {
            throw new IllegalStateException(
                    "data directory " + directory + " is in use by another server in this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    directory.resolve("engine.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return new DataDirectoryLock(directory, channel, lock);
        } catch (OverlappingFileLockException e) {
            HELD.remove(directory);
            closeQuietly(channel);
            throw new IllegalStateException("data directory " + directory + " is in use by another process");
        } catch (IOException e) {
            HELD.remove(directory);
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock data directory " + directory, e);
        }
    }

    /** The directory (real path). */
    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel close below releases it too.
        }
        closeQuietly(channel);
        HELD.remove(directory);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }
}
