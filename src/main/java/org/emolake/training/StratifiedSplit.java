package org.emolake.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic stratified train/test split: per class (in sorted label order) the row indices are shuffled
 * with {@code java.util.Random(seed)} and {@code round(testFraction * count)} of them go to the test part,
 * at least one when the class has two or more rows and never all of them. Same inputs and seed, same split.
 * (Not scikit-learn's {@code train_test_split}: the proportions are the same, the chosen rows are not.)
 */
public final class StratifiedSplit {

    /** Row indices of each part, ascending. */
    public record Split(int[] train, int[] test) {
    }

    private StratifiedSplit() {
    }

    public static Split split(int[] labels, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1): " + testFraction);
        }
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> rows : byClass.values()) {
            Collections.shuffle(rows, random);
            int count = rows.size();
            int testCount = (int) Math.round(testFraction * count);
            if (count >= 2) {
                testCount = Math.max(1, Math.min(count - 1, testCount));
            } else {
                testCount = 0;
            }
            test.addAll(rows.subList(0, testCount));
            train.addAll(rows.subList(testCount, count));
        }
        return new Split(sorted(train), sorted(test));
    }

    private static int[] sorted(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
