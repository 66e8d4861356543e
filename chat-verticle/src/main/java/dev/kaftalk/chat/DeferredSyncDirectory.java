package dev.kaftalk.chat;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Lets a Lucene commit be prepared without waiting for the disk: while {@link #deferring} runs, the files the commit
 * asks to have synced are only noted, and {@link Deferred#sync} syncs them later, on another thread, before the
 * commit is finished. Until then the commit is only pending, so a crash in between leaves the one before it.
 */
final class DeferredSyncDirectory extends FilterDirectory {

  /** The syncs a prepared commit still needs before it may be finished. */
  final class Deferred {

    private final List<String> files;

    private Deferred(List<String> files) {
      this.files = files;
    }

    void sync() throws IOException {
      in.sync(files);
      in.syncMetaData();
    }
  }

  /** What the current {@link #deferring} call noted; null outside it. Set and read on the thread that prepares. */
  private List<String> noted;

  DeferredSyncDirectory(Directory in) {
    super(in);
  }

  interface Preparation {
    void run() throws IOException;
  }

  /** Runs {@code prepare} (on this thread) with every sync it asks for put off until {@link Deferred#sync}. */
  Deferred deferring(Preparation prepare) throws IOException {
    noted = new ArrayList<>();
    try {
      prepare.run();
      return new Deferred(noted);
    } finally {
      noted = null;
    }
  }

  @Override
  public void sync(Collection<String> names) throws IOException {
    if (noted == null) {
      in.sync(names);
    } else {
      noted.addAll(names);
    }
  }

  @Override
  public void syncMetaData() throws IOException {
    if (noted == null) {
      in.syncMetaData();
    }
  }
}
