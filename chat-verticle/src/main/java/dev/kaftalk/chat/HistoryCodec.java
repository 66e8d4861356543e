package dev.kaftalk.chat;

import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.bloom.BloomFilteringPostingsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;

/**
 * Lucene's default codec, with a Bloom filter in front of the resend keys ({@link HistoryDocuments#DEDUP}). Every
 * stored message looks its key up first, and nearly every key is new: without the filter each miss walked the terms
 * dictionary of every segment, which was most of the cost of indexing.
 */
final class HistoryCodec extends Lucene912Codec {

  private final PostingsFormat dedup = new BloomFilteringPostingsFormat(super.getPostingsFormatForField(
      HistoryDocuments.DEDUP));

  @Override
  public PostingsFormat getPostingsFormatForField(String field) {
    return HistoryDocuments.DEDUP.equals(field) ? dedup : super.getPostingsFormatForField(field);
  }
}
