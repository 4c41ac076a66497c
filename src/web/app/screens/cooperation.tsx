/** The cooperation ledger: programmes, training, equipment, reports (issue 9). */
import { useApp } from '../context.ts';

export function Cooperation() {
  const { t } = useApp();
  return (
    <section class="page" aria-labelledby="cooperation-title">
      <h1 id="cooperation-title">{t('nav.cooperation')}</h1>
    </section>
  );
}
