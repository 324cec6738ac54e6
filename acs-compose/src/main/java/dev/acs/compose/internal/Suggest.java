package dev.acs.compose.internal;

import java.util.Collection;

/** "Did you mean" suggestions by Levenshtein distance. */
public final class Suggest {
    private Suggest() {
    }

    /** Candidate sets larger than this give no suggestion, so that many misspellings cost linear time. */
    private static final int MAX_CANDIDATES = 256;
    /** Words longer than this give no suggestion. */
    private static final int MAX_WORD = 100;

    /**
     * The closest candidate within a distance of a third of the word's length (at least 2), or {@code null} (also
     * for a word longer than 100 characters or more than 256 candidates: the work stays bounded).
     */
    public static String closest(String word, Collection<String> candidates) {
        if (word.length() > MAX_WORD || candidates.size() > MAX_CANDIDATES) {
            return null;
        }
        int limit = Math.max(2, word.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (Math.abs(c.length() - word.length()) > limit) {
                continue;
            }
            int d = distance(word, c, limit);
            if (d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * The closest candidate within {@code maxEdits} edits (ties: the first met), or {@code null}; bounded like
     * {@link #closest}.
     */
    public static String closestWithin(String word, Collection<String> candidates, int maxEdits) {
        if (word.length() > MAX_WORD || candidates.size() > MAX_CANDIDATES) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (Math.abs(c.length() - word.length()) > maxEdits) {
                continue;
            }
            int d = distance(word, c, maxEdits);
            if (d <= maxEdits && d < bestDistance || d == bestDistance && best != null && c.compareTo(best) < 0) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** A message suffix {@code " (did you mean 'x'?)"}, or an empty string. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "" : " (did you mean '" + c + "'?)";
    }

    /** Levenshtein distance, stopping early above {@code limit} (returns {@code limit + 1} then). */
    static int distance(String a, String b, int limit) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
