package dev.kaftalk.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An archive is offered to the JVM only for the jar and JVM its training start ran on. */
class ClassArchiveTest {

  @Test
  void fitsTheJarItWasMadeFor(@TempDir Path dir) throws Exception {
    ClassArchive archive = trained(dir.resolve("kaftalk.jar"));
    assertEquals(dir.resolve("kaftalk.jsa"), archive.archive());
    assertTrue(archive.fits());
  }

  @Test
  void aRebuiltJarDoesNotFit(@TempDir Path dir) throws Exception {
    ClassArchive archive = trained(dir.resolve("kaftalk.jar"));
    Files.writeString(archive.jar(), "rebuilt, longer");
    assertFalse(archive.fits());
  }

  @Test
  void aTouchedJarDoesNotFit(@TempDir Path dir) throws Exception {
    ClassArchive archive = trained(dir.resolve("kaftalk.jar"));
    Files.setLastModifiedTime(archive.jar(), FileTime.from(Instant.now().plusSeconds(60)));
    assertFalse(archive.fits());
  }

  @Test
  void aCopyElsewhereDoesNotFit(@TempDir Path dir) throws Exception {
    ClassArchive archive = trained(dir.resolve("kaftalk.jar"));
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    for (Path file : new Path[] {archive.jar(), archive.archive(), archive.stamp()}) {
      Files.copy(file, elsewhere.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    }
    assertFalse(ClassArchive.besideJar(elsewhere.resolve("kaftalk.jar")).fits());
  }

  @Test
  void anUnfinishedTrainingDoesNotFit(@TempDir Path dir) throws Exception {
    ClassArchive archive = trained(dir.resolve("kaftalk.jar"));
    archive.prepareTraining();
    assertFalse(Files.exists(archive.archive()), "the old archive goes before a new training");
    Files.writeString(archive.archive(), "left over");
    Files.setLastModifiedTime(archive.archive(), FileTime.from(Instant.now().minusSeconds(60)));
    assertFalse(archive.fits(), "an archive older than its stamp is not the one the training wrote");
  }

  @Test
  void noArchiveDoesNotFit(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("kaftalk.jar"), "jar");
    assertFalse(ClassArchive.besideJar(dir.resolve("kaftalk.jar")).fits());
  }

  /** A jar, its stamp, then an archive written after the stamp, as the training JVM's exit writes it. */
  private static ClassArchive trained(Path jar) throws Exception {
    Files.writeString(jar, "jar");
    ClassArchive archive = ClassArchive.besideJar(jar);
    archive.prepareTraining();
    Files.writeString(archive.archive(), "archive");
    Files.setLastModifiedTime(archive.archive(), FileTime.from(Instant.now().plusSeconds(1)));
    return archive;
  }
}
