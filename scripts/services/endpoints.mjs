// The endpoints the service scripts start and check; each overridable by the same variable the product reads.
export const DEFAULTS = {
  DATABASE_URL: 'mysql://chargeflow:chargeflow@127.0.0.1:3306/chargeflow',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGODB_URL: 'mongodb://127.0.0.1:27017/chargeflow',
};

const value = (name) => process.env[name] || DEFAULTS[name];
const hidePassword = (url) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

export const endpoints = {
  mariadb: {
    variable: 'DATABASE_URL',
    value: value('DATABASE_URL'),
    display: hidePassword(value('DATABASE_URL')),
  },
  temporal: {
    variable: 'TEMPORAL_ADDRESS',
    value: value('TEMPORAL_ADDRESS'),
    display: value('TEMPORAL_ADDRESS'),
  },
  kafka: { variable: 'KAFKA_BROKERS', value: value('KAFKA_BROKERS'), display: value('KAFKA_BROKERS') },
  ferretdb: { variable: 'MONGODB_URL', value: value('MONGODB_URL'), display: value('MONGODB_URL') },
};
