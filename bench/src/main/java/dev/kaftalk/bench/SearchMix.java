package dev.kaftalk.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The search scenario's queries, of the kinds a user types, each by a random reader about their own rooms of an
 * {@link Archive}: words picked log-uniformly by frequency rank (as often among the 10 most frequent as among ranks
 * 1,000-10,000), two words, a phrase taken from a message the reader can see, a prefix, and the operators.
 */
final class SearchMix {

  /** One search: who asks what, and its kind, timed apart. */
  record Search(String kind, BenchUser user, String query) {
  }

  static final List<String> KINDS = List.of("word", "twoWords", "phrase", "prefix", "from", "in", "hasImage", "date");

  private final Archive archive;
  private final Chatter chatter;
  private final SplittableRandom random = new SplittableRandom(20261203);

  SearchMix(Archive archive) {
    this.archive = archive;
    this.chatter = archive.writer().chatter();
  }

  Search next() {
    int reader = random.nextInt(archive.readers().size());
    String kind = KINDS.get(random.nextInt(KINDS.size()));
    String query = switch (kind) {
      case "word" -> word();
      case "twoWords" -> word() + " " + word();
      case "phrase" -> phrase(reader);
      case "prefix" -> word().substring(0, 3) + "*";
      case "from" -> "from:" + archive.writer().author(random.nextLong(archive.written().messages())) + " " + word();
      case "in" -> "in:\"" + archive.roomNames().get(room(reader)) + "\" " + word();
      case "hasImage" -> "has:image";
      case "date" -> (random.nextBoolean() ? "before:" : "after:") + day() + " " + word();
      default -> throw new IllegalStateException(kind);
    };
    return new Search(kind, archive.readers().get(reader), query);
  }

  private String word() {
    return chatter.word((int) Math.exp(random.nextDouble() * Math.log(chatter.vocabulary())) - 1);
  }

  /** Two neighbouring words of a message in one of the reader's rooms. */
  private String phrase(int reader) {
    long n;
    do {
      n = room(reader) + (long) archive.roomIds().size() * random.nextLong(messagesPerRoom());
    } while (TimelineWriter.isVoice(n));
    List<String> line = chatter.line(n);
    int at = random.nextInt(line.size() - 1);
    return "\"" + line.get(at) + " " + line.get(at + 1) + "\"";
  }

  /** A room of this reader: room r belongs to reader r % readers. */
  private int room(int reader) {
    int readers = archive.readers().size();
    return reader + readers * random.nextInt((archive.roomIds().size() - reader + readers - 1) / readers);
  }

  private long messagesPerRoom() {
    return Math.max(1, archive.written().messages() / archive.roomIds().size());
  }

  /** A day within the history, in UTC (the scenario's searches name no zone). */
  private String day() {
    long ts = archive.written().firstTs() + random.nextLong(archive.written().lastTs() - archive.written().firstTs());
    return Instant.ofEpochMilli(ts).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
