// Says once, loudly, whether the PostgreSQL half of the suite runs. In CI it must.
export default function setup(): void {
  if (process.env.TEST_POSTGRES_URL) {
    console.log(`\n[handlefrihed] PostgreSQL tests run against ${process.env.TEST_POSTGRES_URL.replace(/:[^:@/]+@/, ':***@')}\n`);
    return;
  }
  if (process.env.CI === 'true') {
    throw new Error('CI=true but TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite cannot be skipped in CI (run .ci/run).');
  }
  console.log('\n[handlefrihed] TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite is SKIPPED (SQLite only). Run `bash .ci/run` or scripts/pg-throwaway.sh to include it.\n');
}
