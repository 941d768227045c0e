import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Failed authentications per client address and fixed window, kept in the database so that
 * every replica throttles an address that guesses keys on any of them.
 */
export class AuthFailures1764110000000 implements MigrationInterface {
  name = 'AuthFailures1764110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'auth_failures',
        columns: [
          { name: 'address', type: 'varchar', length: '64', isPrimary: true },
          { name: 'window_start', type: 'varchar', length: '24' },
          { name: 'failures', type: 'integer' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('auth_failures');
  }
}
