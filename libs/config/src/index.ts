export { AppConfig } from './app-config.js';
export type {
  RuntimeEnv,
  LogLevel,
  HttpConfig,
  DatabaseConfig,
  AuthConfig,
  DemoConfig,
  SigningConfig,
  JobsConfig,
  VerificationConfig,
  TrustedIssuer,
} from './app-config.js';
export { loadConfig, loadConfigOrExit, validateEnv, ConfigError, CONFIG_VARIABLES, EXIT_CONFIG } from './load-config.js';
export { LocalSecrets } from './local-secrets.js';
export { ConfigModule } from './config.module.js';
