package org.emolake.model;

/**
 * What the bundle's scaler does, for inspection.
 *
 * @param features number of features it scales
 * @param meanMin  smallest per-feature mean subtracted
 * @param meanMax  largest per-feature mean subtracted
 * @param scaleMin smallest per-feature divisor (zero divisors already replaced by 1)
 * @param scaleMax largest per-feature divisor
 * @param source   where it came from, e.g. "joblib StandardScaler (with_mean=True, with_std=True)"
 */
public record ScalerSummary(int features, double meanMin, double meanMax, double scaleMin, double scaleMax,
                            String source) {
}
