import { JsonType, type Platform, type TransformContext } from '@mikro-orm/core';

/**
 * JSON columns that read back as values on MySQL, MariaDB and SQLite alike. MikroORM's MySQL
 * platform assumes the driver parses JSON, which holds for MySQL's JSON type but not for MariaDB,
 * where JSON is LONGTEXT and the text comes back as a string.
 */
export class PortableJsonType extends JsonType {
  override convertToJSValue(value: unknown, platform: Platform, context?: TransformContext): unknown {
    if (typeof value === 'string') return JSON.parse(value) as unknown;
    return super.convertToJSValue(value as string, platform, context);
  }
}
