package dev.kaftalk.chat;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How message text becomes search terms, for every language alike: Unicode word boundaries (with dictionaries for
 * scripts written without spaces, and emoji as tokens of their own), then case, accent and width folding, so that
 * "Café", "CAFE" and "cafe" are one word. No stemming and no stop words: both are language-specific, and a team's
 * chat mixes languages.
 */
final class MessageAnalyzer extends Analyzer {

  /** Receives each word of a text: its folded form and where it stands (half-open UTF-16 offsets). */
  interface WordVisitor {
    void word(String folded, int start, int end);
  }

  /** Hands each word of {@code text}, as {@link HistoryDocuments#TEXT} indexes it, to {@code visitor}. */
  void eachWord(String text, WordVisitor visitor) {
    try (TokenStream stream = tokenStream(HistoryDocuments.TEXT, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        visitor.word(term.toString(), offset.startOffset(), offset.endOffset());
      }
      stream.end();
    } catch (IOException e) {
      // Analysis reads a String: no I/O can fail.
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer words = new ICUTokenizer();
    return new TokenStreamComponents(words, new ICUFoldingFilter(words));
  }

  /** Folds a prefix query's text the way indexed words were folded. */
  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new ICUFoldingFilter(in);
  }
}
