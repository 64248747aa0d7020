/** Entry of the trace engine (implementation in ./trace/). */
export { trace, traceAll } from './trace/index';
