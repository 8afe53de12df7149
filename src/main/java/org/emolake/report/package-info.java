/**
 * The run report: a self-contained HTML page (lineage, class mix, confidence, errors, trend across runs, emotion
 * timelines of segmented recordings) with charts drawn by XChart as PNG and inlined. It renders a {@link
 * org.emolake.report.RunReport} someone else gathered (the job layer, with Spark SQL) and knows no Spark.
 */
package org.emolake.report;
