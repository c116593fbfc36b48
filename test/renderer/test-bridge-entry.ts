import { install } from './test-bridge';

install();
