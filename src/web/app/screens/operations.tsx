/** Joint operations: board, deconfliction inbox, protected sites, outcomes (issue 8). */
import { useApp } from '../context.ts';

export function Operations() {
  const { t } = useApp();
  return (
    <section class="page" aria-labelledby="operations-title">
      <h1 id="operations-title">{t('nav.operations')}</h1>
    </section>
  );
}
