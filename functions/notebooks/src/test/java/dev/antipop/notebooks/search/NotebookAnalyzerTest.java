package dev.antipop.notebooks.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotebookAnalyzerTest {

    @Test
    void termsAreStemmedCaseAndAccentFoldedWithoutStopWords() {
        assertThat(NotebookAnalyzer.terms("Running the RUNS of a café: Ada's CRÈME"))
                .containsOnlyKeys("run", "cafe", "ada", "creme")
                .containsEntry("run", 2);
    }

    @Test
    void aQueryAndATextShareTheirTerms() {
        assertThat(NotebookAnalyzer.terms("run").keySet())
                .containsExactlyElementsOf(NotebookAnalyzer.terms("running").keySet());
    }

    @Test
    void overlongTokensAreDropped() {
        assertThat(NotebookAnalyzer.terms("x".repeat(NotebookAnalyzer.MAX_TERM + 1) + " plot"))
                .containsOnlyKeys("plot");
    }
}
