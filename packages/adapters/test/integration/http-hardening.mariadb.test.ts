import { hardeningSuite } from './fixtures/hardening-suite.js';

hardeningSuite('mariadb');
