import type { Queryable } from '../../mysql/connect.js';

/** Name of the MySQL tutorial sample database that the classic Portworx runbook queries. */
export const SAMPLE_DATABASE = 'classicmodels';

const CREATE_OFFICES =
  'CREATE TABLE `classicmodels`.`offices` (`officeCode` varchar(10) NOT NULL, `city` varchar(50) NOT NULL, `phone` varchar(50) NOT NULL, ' +
  '`addressLine1` varchar(50) NOT NULL, `addressLine2` varchar(50) DEFAULT NULL, `state` varchar(50) DEFAULT NULL, ' +
  '`country` varchar(50) NOT NULL, `postalCode` varchar(15) NOT NULL, `territory` varchar(10) NOT NULL, ' +
  'PRIMARY KEY (`officeCode`)) ENGINE=InnoDB DEFAULT CHARSET=latin1';

const INSERT_OFFICES =
  'INSERT INTO `classicmodels`.`offices` (`officeCode`, `city`, `phone`, `addressLine1`, `addressLine2`, `state`, `country`, `postalCode`, `territory`) VALUES ' +
  "('1','San Francisco','+1 650 219 4782','100 Market Street','Suite 300','CA','USA','94080','NA'), " +
  "('2','Boston','+1 215 837 0825','1550 Court Place','Suite 102','MA','USA','02107','NA'), " +
  "('3','NYC','+1 212 555 3000','523 East 53rd Street','apt. 5A','NY','USA','10022','NA'), " +
  "('4','Paris','+33 14 723 4404','43 Rue Jouffroy D''abbans',NULL,NULL,'France','75017','EMEA'), " +
  "('5','Tokyo','+81 33 224 5000','4-1 Kioicho',NULL,'Chiyoda-Ku','Japan','102-8578','Japan'), " +
  "('6','Sydney','+61 2 9264 2451','5-11 Wentworth Avenue','Floor #2',NULL,'Australia','NSW 2010','APAC'), " +
  "('7','London','+44 20 7877 2041','25 Old Broad Street','Level 7',NULL,'UK','EC2N 1HN','EMEA')";

/**
 * Creates the `classicmodels` database with its `offices` table and 7 rows, as the runbook loads
 * it before a failover. Throws when the database already exists, so existing data is never
 * overwritten. Leaves the connection's default database unchanged.
 */
export async function loadSampleDatabase(connection: Queryable): Promise<void> {
  await connection.query(`CREATE DATABASE \`${SAMPLE_DATABASE}\` DEFAULT CHARACTER SET latin1`);
  await connection.query(CREATE_OFFICES);
  await connection.query(INSERT_OFFICES);
}
