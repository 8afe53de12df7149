/** emolake: speech-emotion scoring for data lakes. */
package org.emolake;
