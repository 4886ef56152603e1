import { useState, type DragEvent } from 'react';
import { useHydrated } from '../../utils/use-hydrated';
import { DocumentCard } from '../document-card';
import type { Attachment, MediaUploads } from './use-media-uploads';

const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,application/pdf';

/** Drop or choose images, videos or a PDF; each uploads at once and is listed with its thumbnail, alt text and order. */
export function MediaUploader({ uploads }: { uploads: MediaUploads }) {
  const hydrated = useHydrated();
  const [dragging, setDragging] = useState(false);

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    uploads.add(event.dataTransfer.files);
  }

  return (
    <div className="field">
      <span className="label" id="media-label">
        Images, videos and PDF documents
      </span>
      {hydrated ? (
        <div
          className={dragging ? 'dropzone dropzone-active' : 'dropzone'}
          data-testid="dropzone"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>
            Drop images, videos or a PDF (LinkedIn) here, or{' '}
            <label className="button-link">
              choose files
              <input
                type="file"
                className="visually-hidden"
                accept={ACCEPTED_TYPES}
                multiple
                aria-describedby="media-label"
                onChange={(event) => {
                  uploads.add(event.target.files ?? []);
                  event.target.value = '';
                }}
              />
            </label>
          </p>
        </div>
      ) : (
        <p className="hint">Attaching images and videos needs JavaScript.</p>
      )}
      {uploads.attachments.length > 0 ? (
        <ol className="attachments" aria-labelledby="media-label">
          {uploads.attachments.map((item, index) => (
            <AttachmentItem key={item.key} item={item} index={index} uploads={uploads} />
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/** One attachment: while uploading its progress, then (sent with the form) its id and alt text. */
function AttachmentItem({ item, index, uploads }: { item: Attachment; index: number; uploads: MediaUploads }) {
  return (
    <li className="attachment card">
      {item.kind === 'document' ? (
        <DocumentCard fileName={item.fileName} />
      ) : item.kind === 'image' ? (
        <img src={item.previewUrl} alt={item.altText} className="thumbnail" data-uploaded={item.id ? true : undefined} />
      ) : (
        <video src={item.previewUrl} className="thumbnail" muted preload="metadata" data-uploaded={item.id ? true : undefined} />
      )}
      <div className="attachment-body">
        <p className="attachment-name">{item.fileName}</p>
        {item.error ? (
          <p className="field-errors" role="alert">
            {item.error}
          </p>
        ) : item.id ? null : (
          <progress max={1} value={item.progress} aria-label={`Uploading ${item.fileName}`} />
        )}
        {item.id ? (
          <>
            <input type="hidden" name="media" value={item.id} />
            <label className="field">
              Alt text
              <input
                type="text"
                name={`altText.${item.id}`}
                value={item.altText}
                maxLength={1500}
                onChange={(event) => uploads.describe(item, event.target.value)}
              />
            </label>
          </>
        ) : null}
        <div className="attachment-actions">
          <button type="button" className="button-link" disabled={index === 0} onClick={() => uploads.move(index, -1)}>
            Move earlier<span className="visually-hidden"> {item.fileName}</span>
          </button>
          <button
            type="button"
            className="button-link"
            disabled={index === uploads.attachments.length - 1}
            onClick={() => uploads.move(index, 1)}
          >
            Move later<span className="visually-hidden"> {item.fileName}</span>
          </button>
          <button type="button" className="button-link danger" onClick={() => uploads.remove(item)}>
            Remove<span className="visually-hidden"> {item.fileName}</span>
          </button>
        </div>
      </div>
    </li>
  );
}
