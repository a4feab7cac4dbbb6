import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format.ts';
import { Link } from '../../../lib/router.tsx';
import type { HouseholdPage } from '../api/register-api.ts';
import { departureKey, formatBirthDate } from './register-format.ts';
import { personPath } from './register-paths.ts';

const columns = [
  'position',
  'insuranceNumber',
  'personalId',
  'fullName',
  'relation',
  'sex',
  'birthDate',
  'ethnicity',
  'education',
  'marital',
  'residence',
  'note',
] as const;

/** Section I of the household page: one row per member in A0 order, with those who died or left marked. */
export function MemberTable({ members }: { members: HouseholdPage['members'] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table a0-table" data-testid="household-members">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {t(`register.fields.${column}`)}
              </th>
            ))}
          </tr>
          <tr className="a0-column-number">
            {columns.map((column, index) => (
              <td key={column}>({index + 1})</td>
            ))}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const gone = member.departure !== null;
            const className = [gone ? 'a0-gone' : '', member.relationToHead === 'head' ? 'a0-head' : '']
              .filter(Boolean)
              .join(' ');
            return (
              <tr key={member.id} className={className || undefined}>
                <td className="numeric">{member.position}</td>
                <td className="code">{member.insuranceNumber ?? ''}</td>
                <td className="code">{member.personalId ?? ''}</td>
                <td className="a0-name">
                  <Link to={personPath(member.id)}>{member.fullName}</Link>
                </td>
                <td>{member.relationLabel}</td>
                <td>{member.sexLabel}</td>
                <td className="nowrap">{formatBirthDate(member.birthDate, member.birthDatePrecision)}</td>
                <td>{member.ethnicityLabel}</td>
                <td>{member.educationLabel ?? ''}</td>
                <td>{member.maritalStatusLabel}</td>
                <td>{member.residenceStatusLabel}</td>
                <td className="a0-note">
                  {member.departure
                    ? t(departureKey(member.departure), {
                        date: formatDate(member.departure.on),
                        code: member.departure.householdCode ?? '',
                      })
                    : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
