export { formatFloat, type FloatFormat } from './strconv-float';
export { formatFloatJSON, formatFloatPlain, formatFloatV } from './float-format';
export { formatGoTimeString, formatRFC3339Nano } from './time-format';
export { formatTimeLayout } from './time-layout';
export { formatGoDuration, formatInfluxqlDuration } from './duration-format';
export { GoDuration, GoTime } from './go-time';
