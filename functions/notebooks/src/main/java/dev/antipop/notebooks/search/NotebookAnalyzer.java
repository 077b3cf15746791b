package dev.antipop.notebooks.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The terms of a text, as the index stores them and queries look them up: Lucene's {@link StandardTokenizer} (Unicode
 * word boundaries, UAX #29), English possessives dropped, lower-cased, folded to ASCII ({@code Café} → {@code cafe}),
 * English stop words dropped, Porter-stemmed ({@code running} → {@code run}). One analyzer for both sides, so a query
 * term matches exactly the stored terms it should.
 */
public final class NotebookAnalyzer {

    /** Longest term kept, in characters (longer tokens are noise: base64, minified code). */
    public static final int MAX_TERM = 64;

    private static final Analyzer ANALYZER = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream stream = new EnglishPossessiveFilter(source);
            stream = new LowerCaseFilter(stream);
            stream = new ASCIIFoldingFilter(stream);
            stream = new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        }
    };

    private NotebookAnalyzer() {}

    /** Term → occurrences in {@code text}, in first-occurrence order. */
    public static Map<String, Integer> terms(String text) {
        Map<String, Integer> terms = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return terms;
        }
        try (TokenStream stream = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (term.length() <= MAX_TERM) {
                    terms.merge(term.toString(), 1, Integer::sum);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("Analyzing a string cannot fail with I/O", e);
        }
        return terms;
    }
}
