/**
 * Arithmetic exactly as numpy performs it, where feature parity depends on the order of operations. The lowest layer:
 * it imports nothing of emolake.
 */
package org.emolake.numerics;
