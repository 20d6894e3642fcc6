package io.github.camelicsoc.records;

import io.github.camelicsoc.outcome.PlacementStore;

/**
 * The call outcome options of a records consumer, as the endpoint resolved them (each is documented where it is
 * declared, in the component's configuration).
 *
 * @param store           the component's placements store, shared with its producers
 * @param outcomesOnly    the outcomes option: one exchange per placed call, nothing else
 * @param outcomeTimeout  how long after a call's ring timeout its record may come, in ms; 0 for lookback
 * @param placementExpiry how long a placement is remembered, in ms
 */
public record OutcomeSettings(PlacementStore store, boolean outcomesOnly, long outcomeTimeout, long placementExpiry) {
}
