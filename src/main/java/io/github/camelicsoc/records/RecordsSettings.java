package io.github.camelicsoc.records;

import java.util.function.LongUnaryOperator;

/**
 * The options the records consumer reads, as the endpoint resolved them (each option is documented where it is
 * declared, in the component's configuration).
 *
 * @param type              the record type code (800, 400)
 * @param startTime         the startTime option, as written
 * @param rereadSchedule    the rereadSchedule option, as written
 * @param storeOptions      which options chose the records store, for messages
 * @param watermarkInMemory whether the watermark is kept in memory only (it is lost on a restart)
 * @param keysInMemory      whether the delivered keys are kept in memory only
 * @param markBatchSize     how many delivered records' marks a repository that writes many at once writes together
 * @param maxLag            the lag past which the health check reports DOWN, in ms, for a poll delay in ms
 */
public record RecordsSettings(String type, String vccCode, String startTime, long lookback, long settle,
        long maxWindow, String rereadSchedule, long maxRecordsDownload, String spoolDirectory, boolean firstStateOnly, boolean batch,
        boolean storeRequiredAtStart, String storeOptions, boolean watermarkInMemory, boolean keysInMemory,
        int markBatchSize, LongUnaryOperator maxLag) {
}
