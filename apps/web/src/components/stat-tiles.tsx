export interface Stat {
  label: string;
  value: string;
}

export function StatTiles({ stats }: { stats: Stat[] }) {
  return (
    <dl className="stat-tiles">
      {stats.map((stat) => (
        <div className="stat-tile" key={stat.label}>
          <dt>{stat.label}</dt>
          <dd>{stat.value}</dd>
        </div>
      ))}
    </dl>
  );
}
