import { describe, expect, it } from 'vitest';
import { ImageEnvironmentError, resolveImageSettings } from '../../../src/lab/mysql-image/image-environment.js';

describe('resolveImageSettings', () => {
  it('reads the MYSQL_ variables', () => {
    const settings = resolveImageSettings({ MYSQL_ROOT_PASSWORD: 'pw', MYSQL_DATABASE: 'shop', MYSQL_USER: 'app', MYSQL_PASSWORD: 'app-pw' });

    expect(settings).toEqual({ rootPassword: 'pw', rootHost: '%', database: 'shop', user: { name: 'app', password: 'app-pw' }, warnings: [] });
  });

  it('prefers MARIADB_ over MYSQL_', () => {
    const settings = resolveImageSettings({ MARIADB_ROOT_PASSWORD: 'maria', MYSQL_ROOT_PASSWORD: 'my', MARIADB_DATABASE: 'm', MYSQL_DATABASE: 'y' });

    expect(settings.rootPassword).toBe('maria');
    expect(settings.database).toBe('m');
  });

  it('allows an empty root password', () => {
    expect(resolveImageSettings({ MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' }).rootPassword).toBe('');
    expect(resolveImageSettings({ MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: '1' }).rootPassword).toBe('');
  });

  it('treats any non-empty value as yes', () => {
    expect(resolveImageSettings({ MYSQL_ALLOW_EMPTY_PASSWORD: 'no' }).rootPassword).toBe('');
  });

  it('lets a random password win', () => {
    const settings = resolveImageSettings({ MYSQL_RANDOM_ROOT_PASSWORD: 'yes', MYSQL_ROOT_PASSWORD: 'given' });

    expect(settings.generatedRootPassword).toBeDefined();
    expect(settings.rootPassword).toBe(settings.generatedRootPassword);
    expect(settings.rootPassword).not.toBe('given');
    expect(settings.rootPassword.length).toBe(32);
  });

  it('reads MYSQL_ROOT_HOST', () => {
    expect(resolveImageSettings({ MYSQL_ROOT_PASSWORD: 'pw', MYSQL_ROOT_HOST: 'localhost' }).rootHost).toBe('localhost');
  });

  it('rejects a missing password option', () => {
    const resolve = () => resolveImageSettings({ MYSQL_DATABASE: 'shop', MYSQL_ROOT_PASSWORD: '' });

    expect(resolve).toThrow(ImageEnvironmentError);
    expect(resolve).toThrow(/Database is uninitialized and password option is not specified/);
    expect(resolve).toThrow(/MYSQL_ALLOW_EMPTY_PASSWORD/);
    expect(resolve).toThrow(/MYSQL_RANDOM_ROOT_PASSWORD/);
  });

  it('rejects MYSQL_USER root', () => {
    expect(() => resolveImageSettings({ MYSQL_ROOT_PASSWORD: 'pw', MYSQL_USER: 'root', MYSQL_PASSWORD: 'x' })).toThrow(
      /MYSQL_USER="root".*cannot be used for the root user/,
    );
  });

  it('warns about a user without a password', () => {
    const settings = resolveImageSettings({ MYSQL_ROOT_PASSWORD: 'pw', MYSQL_USER: 'app' });

    expect(settings.user).toBeUndefined();
    expect(settings.warnings).toEqual(['MYSQL_USER specified, but missing MYSQL_PASSWORD; MYSQL_USER will not be created']);
  });

  it('warns about a password without a user', () => {
    const settings = resolveImageSettings({ MYSQL_ROOT_PASSWORD: 'pw', MYSQL_PASSWORD: 'x' });

    expect(settings.user).toBeUndefined();
    expect(settings.warnings).toEqual(['MYSQL_PASSWORD specified, but missing MYSQL_USER; MYSQL_PASSWORD will be ignored']);
  });
});
