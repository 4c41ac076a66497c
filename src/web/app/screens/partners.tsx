/** Partners and agreements: a placeholder until sharing agreements and federation land (issues 3, 4). */
import { useApp } from '../context.ts';

export function Partners() {
  const { t } = useApp();
  return (
    <section class="page narrow" aria-labelledby="partners-title">
      <h1 id="partners-title">{t('partners.title')}</h1>
      <div class="notice next-step" role="note">
        <p>{t('partners.next')}</p>
        <p>{t('partners.now')}</p>
      </div>
    </section>
  );
}
