// Value engine maths (RFM, BG/NBD, Gamma-Gamma, CLV, reports): pure functions, no I/O.
export * from './special';
export * from './hyp2f1';
export * from './optimize';
export * from './bgnbd';
export * from './bgnbd-predict';
export * from './bgnbd-batch';
export * from './gamma-gamma';
export * from './clv';
export * from './summarise';
export * from './member-stats';
export * from './member-value';
export * from './rfm';
export * from './reports';
export * from './simulate';
