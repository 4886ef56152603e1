// What the baseline's processes print once they are up, for whoever started them.
export const BASELINE_WORKER_READY = 'baseline worker ready';
export const BASELINE_API_READY = 'baseline api listening';
