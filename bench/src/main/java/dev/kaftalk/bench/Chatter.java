package dev.kaftalk.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Made-up chat lines with the shape of real ones: 3 to 20 words drawn from a vocabulary of pronounceable made-up
 * words by Zipf's law, as natural languages use theirs (a few words are in most lines, most words are rare). Made up
 * rather than read from a dictionary so that the bench needs no file and every run writes the same text: line
 * {@code n} is a function of {@code n} alone, so a search scenario can ask for words it knows are there.
 */
final class Chatter {

  private static final String[] ONSETS = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh",
      "tr", "kl", "br"};
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ou"};
  /** Zipf's exponent; about 1 for English word frequencies. */
  private static final double EXPONENT = 1.0;

  private final List<String> words;
  /** cumulative[i]: the probability that a word is among the i + 1 most frequent. */
  private final double[] cumulative;

  Chatter(int vocabulary) {
    this.words = wordsOf(vocabulary);
    this.cumulative = new double[vocabulary];
    double sum = 0;
    for (int rank = 1; rank <= vocabulary; rank++) {
      sum += 1 / Math.pow(rank, EXPONENT);
      cumulative[rank - 1] = sum;
    }
    for (int i = 0; i < vocabulary; i++) {
      cumulative[i] /= sum;
    }
  }

  /** The {@code rank}-th most frequent word (0 is the most frequent). */
  String word(int rank) {
    return words.get(rank);
  }

  int vocabulary() {
    return words.size();
  }

  /** The words of line {@code n}. */
  List<String> line(long n) {
    SplittableRandom random = new SplittableRandom(n * 0x9E3779B97F4A7C15L);
    int length = 3 + random.nextInt(18);
    List<String> line = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      int rank = Arrays.binarySearch(cumulative, random.nextDouble());
      line.add(words.get(Math.min(words.size() - 1, rank < 0 ? -rank - 1 : rank)));
    }
    return line;
  }

  String text(long n) {
    return String.join(" ", line(n));
  }

  /** Distinct words of two to four syllables, the most frequent ones shortest, as in natural languages. */
  private static List<String> wordsOf(int count) {
    List<String> words = new ArrayList<>(count);
    Set<String> seen = new HashSet<>();
    SplittableRandom random = new SplittableRandom(20261203);
    while (words.size() < count) {
      int syllables = words.size() < 200 ? 2 : 2 + random.nextInt(3);
      StringBuilder word = new StringBuilder();
      for (int s = 0; s < syllables; s++) {
        word.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(VOWELS.length)]);
      }
      if (seen.add(word.toString())) {
        words.add(word.toString());
      }
    }
    return words;
  }
}
