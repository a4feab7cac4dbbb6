import type { Role } from '@danso/domain';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/field.tsx';
import { useErrorText } from '../../../lib/error-text.ts';
import { useAreaOptions, useCommuneOptions, useProvinceOptions } from '../hooks/use-users.ts';
import type { ScopeLevel } from './user-scope.ts';

interface ScopeValues {
  provinceCode: string;
  communeCode: string;
  areaIds: string[];
}

type ScopeErrors = Partial<Record<'provinceCode' | 'communeCode' | 'areaIds', string>>;

/** Địa bàn phụ trách: province, then commune, then areas, each list read from the places the admin sees. */
export function ScopePicker({
  disabled = false,
  role,
  levels,
  values,
  errors,
  onChange,
}: {
  disabled?: boolean;
  role: Role;
  levels: ScopeLevel[];
  values: ScopeValues;
  errors: ScopeErrors;
  onChange: (values: ScopeValues) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const wantsCommune = levels.includes('commune');
  const wantsAreas = levels.includes('areas');
  const provinces = useProvinceOptions(levels.length > 0);
  const communes = useCommuneOptions(wantsCommune ? values.provinceCode : '');
  const areas = useAreaOptions(wantsAreas ? values.communeCode : '');
  const optionsError = provinces.error ?? communes.error ?? areas.error;

  if (levels.length === 0) {
    return (
      <fieldset className="scope-picker">
        <legend>{t('users.scope')}</legend>
        <p className="muted">{t('users.scopeNational')}</p>
      </fieldset>
    );
  }

  const toggleArea = (id: string, checked: boolean) => {
    const areaIds = checked ? [...values.areaIds, id] : values.areaIds.filter((areaId) => areaId !== id);
    onChange({ ...values, areaIds });
  };

  return (
    <fieldset className="scope-picker" disabled={disabled}>
      <legend>{t('users.scope')}</legend>
      {optionsError ? <p className="field-error">{errorText(optionsError)}</p> : null}
      <div className="form-grid">
        <Field label={t('users.province')} error={errors.provinceCode}>
          {(props) => (
            <select
              {...props}
              name="provinceCode"
              value={values.provinceCode}
              disabled={provinces.isPending}
              onChange={(e) => onChange({ provinceCode: e.target.value, communeCode: '', areaIds: [] })}
            >
              <option value="">{role === 'admin' ? t('users.nationalOption') : t('users.choose')}</option>
              {(provinces.data ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {wantsCommune ? (
          <Field label={t('users.commune')} error={errors.communeCode}>
            {(props) => (
              <select
                {...props}
                name="communeCode"
                value={values.communeCode}
                disabled={values.provinceCode === '' || communes.isPending}
                onChange={(e) => onChange({ ...values, communeCode: e.target.value, areaIds: [] })}
              >
                <option value="">{t('users.choose')}</option>
                {(communes.data ?? []).map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      {wantsAreas ? (
        <fieldset className={`area-choices${errors.areaIds ? ' field-invalid' : ''}`}>
          <legend>{t('users.areas')}</legend>
          {values.communeCode === '' ? <p className="muted">{t('users.chooseCommuneFirst')}</p> : null}
          {values.communeCode !== '' && areas.data?.length === 0 ? (
            <p className="muted">{t('users.noAreas')}</p>
          ) : null}
          <div className="checkbox-grid">
            {(areas.data ?? []).map((option) => (
              <label key={option.id} className="checkbox">
                <input
                  type="checkbox"
                  name="areaIds"
                  value={option.id}
                  checked={values.areaIds.includes(option.id)}
                  onChange={(e) => toggleArea(option.id, e.target.checked)}
                />
                {option.name}
              </label>
            ))}
          </div>
          {errors.areaIds ? <p className="field-error">{errors.areaIds}</p> : null}
        </fieldset>
      ) : null}
    </fieldset>
  );
}
