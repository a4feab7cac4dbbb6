import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import {
  createScenario,
  fetchScenarios,
  fetchUnitOptions,
  type ProjectionRequest,
  runProjection,
  type ScenarioFactors,
} from '../api/projections-api.ts';

export function useUnitOptions() {
  const client = useApiClient();
  return useQuery({ queryKey: ['projections', 'units'], queryFn: () => fetchUnitOptions(client) });
}

export function useScenarios(unitCode: string | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['projections', 'scenarios', unitCode],
    queryFn: () => fetchScenarios(client, unitCode ?? ''),
    enabled: unitCode !== null,
  });
}

export function useCreateScenario() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { unitCode: string; name: string } & ScenarioFactors) =>
      createScenario(client, input),
    onSuccess: (_, input) =>
      queryClient.invalidateQueries({ queryKey: ['projections', 'scenarios', input.unitCode] }),
  });
}

export function useRunProjection() {
  const client = useApiClient();
  return useMutation({ mutationFn: (request: ProjectionRequest) => runProjection(client, request) });
}
